using System.Collections;
using Phantom.Streams.Configuration;

namespace Phantom.Tests.Configuration;

/// <summary>Deep, reflection-based comparison of option objects, and the key paths an options type exposes.</summary>
internal static class OptionsComparison
{
    /// <summary>Every difference between two option graphs, as "key.path: expected X, actual Y".</summary>
    public static List<string> Differences(object? expected, object? actual, string path)
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences);
        return differences;
    }

    /// <summary>
    /// Key paths of every configurable property reachable from <paramref name="type"/>: nested option classes are
    /// walked; dictionaries, lists and scalars are leaves.
    /// </summary>
    public static List<string> KeyPaths(Type type, string prefix)
    {
        var result = new List<string>();
        foreach (var property in OptionsBinder.BindableProperties(type))
        {
            var path = $"{prefix}.{OptionsBinder.ToKebabCase(property.Name)}";
            result.Add(path);
            if (OptionsBinder.IsOptionsClass(property.PropertyType))
            {
                result.AddRange(KeyPaths(property.PropertyType, path));
            }
        }

        return result;
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: expected {expected ?? "null"}, actual {actual ?? "null"}");
            }

            return;
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            differences.Add($"{path}: expected type {type.Name}, actual {actual.GetType().Name}");
            return;
        }

        if (expected is IDictionary expectedMap)
        {
            var actualMap = (IDictionary)actual;
            foreach (var key in expectedMap.Keys)
            {
                if (!actualMap.Contains(key))
                {
                    differences.Add($"{path}.{key}: missing");
                    continue;
                }

                Compare(expectedMap[key], actualMap[key], $"{path}.{key}", differences);
            }

            foreach (var key in actualMap.Keys)
            {
                if (!expectedMap.Contains(key))
                {
                    differences.Add($"{path}.{key}: unexpected");
                }
            }

            return;
        }

        if (expected is IList expectedList)
        {
            var actualList = (IList)actual;
            if (expectedList.Count != actualList.Count)
            {
                differences.Add($"{path}: expected {expectedList.Count} items, actual {actualList.Count}");
                return;
            }

            for (var i = 0; i < expectedList.Count; i++)
            {
                Compare(expectedList[i], actualList[i], $"{path}[{i}]", differences);
            }

            return;
        }

        if (expected is IEnumerable expectedItems && expected is not string)
        {
            // Sets and other unordered collections: same items regardless of order.
            var e = expectedItems.Cast<object?>().Select(i => i?.ToString()).Order().ToList();
            var a = ((IEnumerable)actual).Cast<object?>().Select(i => i?.ToString()).Order().ToList();
            if (!e.SequenceEqual(a))
            {
                differences.Add($"{path}: expected [{string.Join(", ", e)}], actual [{string.Join(", ", a)}]");
            }

            return;
        }

        if (OptionsBinder.IsOptionsClass(type))
        {
            foreach (var property in OptionsBinder.BindableProperties(type))
            {
                Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{OptionsBinder.ToKebabCase(property.Name)}", differences);
            }

            return;
        }

        if (!expected.Equals(actual))
        {
            differences.Add($"{path}: expected {expected}, actual {actual}");
        }
    }
}
