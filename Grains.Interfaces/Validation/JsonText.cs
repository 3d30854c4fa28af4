using System.Runtime.InteropServices;
using System.Text.Json;

namespace Orleans.Rec.Validation;

/// <summary>Text from JSON a caller sent, where it may not decode.</summary>
public static class JsonText
{
    /// <summary>How a JSON string that does not decode (invalid UTF-8, a lone surrogate escape) is reported.</summary>
    public const string NotText = "is not valid UTF-8 text";

    /// <summary>
    /// The text of the JSON string <paramref name="value"/>, or null when it does not decode:
    /// <see cref="JsonElement.GetString"/> throws for invalid UTF-8 and lone surrogate escapes, which are the sender's
    /// mistake, not the server's.
    /// </summary>
    public static string? Of(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the JSON string or number <paramref name="value"/> is longer than <paramref name="maxLength"/>
    /// characters for certain, judged from its raw bytes without decoding it (an escaped character takes at most 6), so
    /// a hostile multi-megabyte id is refused without becoming a string first.
    /// </summary>
    public static bool IsSurelyLongerThan(JsonElement value, int maxLength) =>
        JsonMarshal.GetRawUtf8Value(value).Length > (6 * maxLength) + 2;

    /// <summary>The name of <paramref name="property"/>, or null when it does not decode (as <see cref="Of"/>).</summary>
    public static string? NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
