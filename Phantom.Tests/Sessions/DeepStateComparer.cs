using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phantom.Tests.Sessions;

/// <summary>
/// Asserts two values are identical field by field, recursively, through private fields, spill arrays and inline
/// arrays (compared as raw bytes), doubles bit for bit. Independent of the snapshot serializer, so it proves the
/// serializer leaves no field behind.
/// </summary>
internal static class DeepStateComparer
{
    private static readonly MethodInfo SameBytesMethod = typeof(DeepStateComparer).GetMethod(nameof(SameBytes), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static void AssertIdentical<T>(in T expected, in T actual) => Compare(expected, actual, typeof(T), typeof(T).Name);

    private static void Compare(object? expected, object? actual, Type type, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: one side is null");
            return;
        }

        if (type.IsArray)
        {
            var a = (Array)expected;
            var b = (Array)actual;
            Assert.True(a.Length == b.Length, $"{path}: length {a.Length} vs {b.Length}");
            for (var i = 0; i < a.Length; i++)
            {
                Compare(a.GetValue(i), b.GetValue(i), type.GetElementType()!, $"{path}[{i}]");
            }

            return;
        }

        if (type == typeof(double))
        {
            Assert.True(BitConverter.DoubleToInt64Bits((double)expected) == BitConverter.DoubleToInt64Bits((double)actual), $"{path}: {expected} vs {actual}");
            return;
        }

        if (type.IsPrimitive || type.IsEnum)
        {
            Assert.True(expected.Equals(actual), $"{path}: {expected} vs {actual}");
            return;
        }

        if (type.IsValueType && !HasReferences(type))
        {
            var same = (bool)SameBytesMethod.MakeGenericMethod(type).Invoke(null, [expected, actual])!;
            Assert.True(same, $"{path}: bytes differ");
            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Compare(field.GetValue(expected), field.GetValue(actual), field.FieldType, $"{path}.{field.Name}");
        }
    }

    private static bool HasReferences(Type type) =>
        !type.IsValueType
        || (!type.IsPrimitive && !type.IsEnum
            && type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Any(f => HasReferences(f.FieldType)));

    private static bool SameBytes<T>(object expected, object actual)
        where T : struct
    {
        var a = (T)expected;
        var b = (T)actual;
        return MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref a, 1)).SequenceEqual(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref b, 1)))
            && Unsafe.SizeOf<T>() > 0;
    }
}
