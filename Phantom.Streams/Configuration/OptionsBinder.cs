using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Streams.Configuration;

/// <summary>
/// Binds a resolved HOCON object onto typed option classes by reflection (start-up only, never per event).
/// Kebab-case keys map to PascalCase properties (<c>batch-size</c> to <c>BatchSize</c>); keys absent from the
/// HOCON keep the C# default; a dictionary given in HOCON replaces the C# default dictionary; an unknown key or a
/// value of the wrong type fails with the full key path and file:line.
/// </summary>
public static class OptionsBinder
{
    /// <summary>Binds <paramref name="source"/> onto a new <typeparamref name="T"/>.</summary>
    /// <param name="source">The object at <paramref name="keyPath"/>.</param>
    /// <param name="keyPath">Full path of <paramref name="source"/> (e.g. <c>phantom</c>), used in messages.</param>
    /// <param name="origins">When given, receives the origin of every bound key path (validation cites them).</param>
    public static T Bind<T>(HoconObject source, string keyPath, IDictionary<string, HoconOrigin>? origins = null)
        where T : class, new()
    {
        var target = new T();
        BindInto(target, source, keyPath, origins);
        return target;
    }

    /// <summary>Sets the properties of <paramref name="target"/> named by the keys of <paramref name="source"/>.</summary>
    public static void BindInto(object target, HoconObject source, string keyPath, IDictionary<string, HoconOrigin>? origins = null)
    {
        var properties = BindableProperties(target.GetType()).ToDictionary(p => ToKebabCase(p.Name), StringComparer.Ordinal);

        // NullabilityInfoContext is not thread-safe; a fresh one per object keeps concurrent loads independent.
        var nullability = new NullabilityInfoContext();
        foreach (var (key, value) in source.Fields)
        {
            var path = Join(keyPath, key);
            if (!properties.TryGetValue(key, out var property))
            {
                throw new ConfigurationException(
                    $"unknown key '{path}' at {value.Origin}; known keys here: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}",
                    value.Origin,
                    path);
            }

            var existing = property.GetValue(target);
            var converted = Convert(value, property.PropertyType, path, existing, nullability.Create(property), property.Name, origins);
            property.SetValue(target, converted);
        }
    }

    /// <summary>Properties a configuration key can set: public, instance, readable and writable, not indexers.</summary>
    public static IEnumerable<PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetSetMethod() is not null && p.GetIndexParameters().Length == 0);

    /// <summary>True for a nested options class (bound key by key) rather than a value, collection or string.</summary>
    public static bool IsOptionsClass(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null;

    /// <summary><c>PassivateIdleAfter</c> to <c>passivate-idle-after</c>; an acronym stays one word (<c>HTTPPort</c> to <c>http-port</c>).</summary>
    public static string ToKebabCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>Joins a key path and one key, quoting the key when it needs it.</summary>
    public static string Join(string keyPath, string key) =>
        keyPath.Length == 0 ? HoconPath.Render([key]) : keyPath + "." + HoconPath.Render([key]);

    private static object? Convert(HoconValue value, Type type, string path, object? existing, NullabilityInfo? nullability, string propertyName, IDictionary<string, HoconOrigin>? origins)
    {
        if (origins is not null)
        {
            origins[path] = value.Origin;
        }

        if (value is HoconScalar { IsNull: true })
        {
            if (Nullable.GetUnderlyingType(type) is not null || (!type.IsValueType && nullability?.WriteState == NullabilityState.Nullable))
            {
                return null;
            }

            throw WrongType(path, value, Describe(type));
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (DictionaryValueType(underlying) is { } dictionaryValue)
        {
            return ConvertDictionary(value, dictionaryValue, path, nullability, origins);
        }

        if (underlying.IsArray)
        {
            var elementType = underlying.GetElementType()!;
            var list = ConvertList(value, elementType, path, nullability, origins);
            var array = Array.CreateInstance(elementType, list.Count);
            list.CopyTo(array, 0);
            return array;
        }

        if (CollectionElementType(underlying) is { } element)
        {
            var list = ConvertList(value, element, path, nullability, origins);
            if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(HashSet<>))
            {
                return Activator.CreateInstance(underlying, list);
            }

            return list;
        }

        if (IsOptionsClass(underlying))
        {
            if (value is not HoconObject obj)
            {
                throw WrongType(path, value, "an object");
            }

            var target = existing ?? Activator.CreateInstance(underlying)!;
            BindInto(target, obj, path, origins);
            return target;
        }

        if (value is not HoconScalar scalar)
        {
            throw WrongType(path, value, Describe(underlying));
        }

        return ConvertScalar(scalar, underlying, path, propertyName);
    }

    /// <summary>T for Dictionary&lt;string, T&gt; and the read-only/interface forms; null for anything else.</summary>
    private static Type? DictionaryValueType(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(Dictionary<,>) && definition != typeof(IDictionary<,>) && definition != typeof(IReadOnlyDictionary<,>))
        {
            return null;
        }

        var args = type.GetGenericArguments();
        return args[0] == typeof(string)
            ? args[1]
            : throw new ConfigurationException($"properties of type {type.Name} cannot be configured: only dictionaries keyed by string can");
    }

    /// <summary>T for List&lt;T&gt;, HashSet&lt;T&gt; and the list/collection interfaces; null for anything else.</summary>
    private static Type? CollectionElementType(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(HashSet<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) ||
               definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static object ConvertScalar(HoconScalar scalar, Type type, string path, string propertyName)
    {
        if (type == typeof(string))
        {
            return scalar.Text;
        }

        if (type == typeof(bool))
        {
            return scalar.TryGetBoolean(out var b) ? b : throw WrongType(path, scalar, Describe(type));
        }

        if (type == typeof(TimeSpan))
        {
            return scalar.TryGetDuration(out var d) ? d : throw WrongType(path, scalar, Describe(type));
        }

        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.TryParse(scalar.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw WrongType(path, scalar, "an ISO-8601 time");
        }

        if (type == typeof(Guid))
        {
            return Guid.TryParse(scalar.Text, out var g) ? g : throw WrongType(path, scalar, "a GUID");
        }

        if (type == typeof(Uri))
        {
            return Uri.TryCreate(scalar.Text, UriKind.RelativeOrAbsolute, out var u) ? u : throw WrongType(path, scalar, "a URI");
        }

        if (type.IsEnum)
        {
            var text = scalar.Text.Trim();
            foreach (var name in Enum.GetNames(type))
            {
                if (ToKebabCase(name) == text || string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    return Enum.Parse(type, name);
                }
            }

            throw WrongType(path, scalar, $"one of {string.Join(", ", Enum.GetNames(type).Select(ToKebabCase))}");
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            if (!scalar.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                throw WrongType(path, scalar, Describe(type));
            }

            return System.Convert.ChangeType(d, type, CultureInfo.InvariantCulture);
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong))
        {
            // A property counting bytes also takes the spec's size units (16K, 1MiB).
            var ok = propertyName.EndsWith("Bytes", StringComparison.Ordinal) ? scalar.TryGetBytes(out var n) : scalar.TryGetInt64(out n);
            if (!ok)
            {
                throw WrongType(path, scalar, Describe(type));
            }

            try
            {
                return System.Convert.ChangeType(n, type, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw new ConfigurationException($"key '{path}' at {scalar.Origin}: {n} does not fit in {Describe(type)}", scalar.Origin, path);
            }
        }

        throw new ConfigurationException($"key '{path}': properties of type {type.Name} cannot be configured (binder does not support it)", scalar.Origin, path);
    }

    private static IDictionary ConvertDictionary(HoconValue value, Type valueType, string path, NullabilityInfo? nullability, IDictionary<string, HoconOrigin>? origins)
    {
        if (value is not HoconObject obj)
        {
            throw WrongType(path, value, "an object (a dictionary)");
        }

        var result = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
        var element = nullability?.GenericTypeArguments is { Length: 2 } g ? g[1] : null;
        foreach (var (key, item) in obj.Fields)
        {
            result[key] = Convert(item, valueType, Join(path, key), existing: null, element, string.Empty, origins);
        }

        return result;
    }

    private static IList ConvertList(HoconValue value, Type elementType, string path, NullabilityInfo? nullability, IDictionary<string, HoconOrigin>? origins)
    {
        if (value is not HoconArray array)
        {
            throw WrongType(path, value, "an array");
        }

        var result = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        var element = nullability?.GenericTypeArguments is { Length: 1 } g ? g[0] : nullability?.ElementType;
        for (var i = 0; i < array.Items.Count; i++)
        {
            result.Add(Convert(array.Items[i], elementType, $"{path}[{i}]", existing: null, element, string.Empty, origins));
        }

        return result;
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) => "an integer (int)",
        _ when type == typeof(long) => "an integer (long)",
        _ when type == typeof(double) => "a number (double)",
        _ when type == typeof(bool) => "a boolean (true/false/yes/no/on/off)",
        _ when type == typeof(string) => "a string",
        _ when type == typeof(TimeSpan) => "a duration (e.g. 500ms, 30s, 5m; a bare number is milliseconds)",
        _ => type.Name,
    };

    private static ConfigurationException WrongType(string path, HoconValue value, string expected) =>
        new($"key '{path}' at {value.Origin}: expected {expected}, got {value.TypeName} {value}", value.Origin, path);
}
