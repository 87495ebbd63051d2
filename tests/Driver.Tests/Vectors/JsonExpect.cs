using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Driver.Tests.Vectors;

/// <summary>
/// Compares what the decoder produced (a <see cref="JsonNode"/>) with a vector's expected JSON. Every member
/// the decoder produced must match; numbers written as strings (BIGINT, ids) match numerically; floating
/// point text matches after parsing (vectors README conventions). Returns the number of leaf values compared,
/// so a test can insist that something was compared at all.
/// </summary>
public static class JsonExpect
{
    public static int Match(JsonElement expected, JsonNode? actual, string path = "$")
    {
        if (actual is null)
        {
            Assert.True(expected.ValueKind == JsonValueKind.Null, $"{path}: expected {expected}, got null");
            return 1;
        }
        switch (actual)
        {
            case JsonObject obj:
                Assert.True(expected.ValueKind == JsonValueKind.Object, $"{path}: expected {expected.ValueKind}, got an object");
                var count = 0;
                foreach (var (name, value) in obj)
                {
                    Assert.True(expected.TryGetProperty(name, out var member), $"{path}.{name}: not in the expected JSON");
                    count += Match(member, value, $"{path}.{name}");
                }
                return count;
            case JsonArray array:
                Assert.True(expected.ValueKind == JsonValueKind.Array, $"{path}: expected {expected.ValueKind}, got an array");
                Assert.True(expected.GetArrayLength() == array.Count, $"{path}: expected {expected.GetArrayLength()} items, got {array.Count}");
                var total = 0;
                for (var i = 0; i < array.Count; i++)
                {
                    total += Match(expected[i], array[i], $"{path}[{i}]");
                }
                return total;
            default:
                MatchValue(expected, (JsonValue)actual, path);
                return 1;
        }
    }

    // the index abbreviates long repeated text as "<text> x <count>" (e.g. "a x 255")
    private static bool IsRepeatShorthand(string expected, string actual)
    {
        var codePoint = System.Text.RegularExpressions.Regex.Match(expected, @"^U\+([0-9A-F]{4,6}) repeated (\d+) times$");
        if (codePoint.Success)
        {
            var unit = char.ConvertFromUtf32(int.Parse(codePoint.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            return actual == string.Concat(Enumerable.Repeat(unit, int.Parse(codePoint.Groups[2].Value, CultureInfo.InvariantCulture)));
        }
        var match = System.Text.RegularExpressions.Regex.Match(expected, @"^(.+) x (\d+)$");
        return match.Success && actual == string.Concat(Enumerable.Repeat(match.Groups[1].Value, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)));
    }

    private static void MatchValue(JsonElement expected, JsonValue actual, string path)
    {
        var actualElement = JsonSerializer.SerializeToElement(actual);
        switch (expected.ValueKind)
        {
            case JsonValueKind.True:
            case JsonValueKind.False:
                Assert.True(actualElement.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{path}: expected {expected}, got {actualElement}");
                Assert.True(expected.GetBoolean() == actualElement.GetBoolean(), $"{path}: expected {expected}, got {actualElement}");
                return;
            case JsonValueKind.Null:
                Assert.Fail($"{path}: expected null, got {actualElement}");
                return;
            case JsonValueKind.Number:
            case JsonValueKind.String:
                var expectedText = expected.ValueKind == JsonValueKind.String ? expected.GetString()! : expected.GetRawText();
                var actualText = actualElement.ValueKind == JsonValueKind.String ? actualElement.GetString()! : actualElement.GetRawText();
                if (expectedText == actualText || IsRepeatShorthand(expectedText, actualText))
                {
                    return;
                }
                if (decimal.TryParse(expectedText, NumberStyles.Float, CultureInfo.InvariantCulture, out var expectedNumber)
                    && decimal.TryParse(actualText, NumberStyles.Float, CultureInfo.InvariantCulture, out var actualNumber)
                    && expectedNumber == actualNumber)
                {
                    return;
                }
                if (double.TryParse(expectedText, NumberStyles.Float, CultureInfo.InvariantCulture, out var expectedDouble)
                    && double.TryParse(actualText, NumberStyles.Float, CultureInfo.InvariantCulture, out var actualDouble)
                    && (expectedDouble.Equals(actualDouble) || (float)expectedDouble == (float)actualDouble && (float)actualDouble == actualDouble))
                {
                    return;
                }
                Assert.Fail($"{path}: expected {expected.GetRawText()}, got {actualElement.GetRawText()}");
                return;
            default:
                Assert.Fail($"{path}: expected {expected.GetRawText()}, got {actualElement.GetRawText()}");
                return;
        }
    }
}
