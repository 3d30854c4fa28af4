using Orleans.Rec.Models;

namespace Orleans.Rec.Validation;

/// <summary>
/// The platform's one validator for the arguments every entry point shares — user and item ids, model names, the
/// number of items asked for — with one message each. Inputs are checked once, at the edge (REST, the Open
/// Inference Protocol, the Kafka codec); grains and the serving pipeline trust what reaches them.
/// </summary>
public static class InputRules
{
    /// <summary>The longest user, item, category or event id.</summary>
    public const int MaxIdLength = 256;

    /// <summary>The most items one recommendation request may ask for.</summary>
    public const int MaxK = 1000;

    /// <summary>What an id must be.</summary>
    public const string IdRule = "must be 1 to 256 characters, none of them control characters";

    /// <summary>What a model name must be.</summary>
    public const string ModelNameRule = "must be 1-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit";

    /// <summary>What k must be.</summary>
    public const string KRule = "must be between 1 and 1000";

    /// <summary>
    /// Whether <paramref name="id"/> is a usable id: not blank, at most <see cref="MaxIdLength"/> characters, no control
    /// characters (they would reach logs, keys and file names). Any other Unicode is fine.
    /// </summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength && !id.AsSpan().ContainsAny(ControlCharacters);

    private static readonly System.Buffers.SearchValues<char> ControlCharacters =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7f, 0x21).Select(c => (char)c)]);

    /// <summary>What a raw history's model item indices must be, for a model of <paramref name="itemCount"/> items.</summary>
    public static string ItemIndexRule(int itemCount) => $"history item indices must be between 0 (padding) and {itemCount}";

    /// <summary>True when every index is padding (0) or one of a model's items (1..<paramref name="itemCount"/>).</summary>
    public static bool AreItemIndices(ReadOnlySpan<long> history, int itemCount)
    {
        foreach (var index in history)
        {
            if (index < 0 || index > itemCount)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="k"/> is a number of items a request may ask for.</summary>
    public static bool IsValidK(int k) => k is >= 1 and <= MaxK;

    /// <summary>Adds <see cref="IdRule"/> under <paramref name="field"/> when <paramref name="id"/> is not a usable id.</summary>
    public static void CheckId(string? id, string field, IDictionary<string, string[]> errors)
    {
        if (!IsValidId(id))
        {
            errors[field] = [IdRule];
        }
    }

    /// <summary>Adds <see cref="ModelNameRule"/> under <paramref name="field"/> when <paramref name="model"/> is not a model name.</summary>
    public static void CheckModelName(string? model, IDictionary<string, string[]> errors, string field = "model")
    {
        if (!ModelKeys.IsValidModelName(model))
        {
            errors[field] = [ModelNameRule];
        }
    }

    /// <summary>Adds <see cref="KRule"/> under <c>k</c> when <paramref name="k"/> is out of range.</summary>
    public static void CheckK(int k, IDictionary<string, string[]> errors)
    {
        if (!IsValidK(k))
        {
            errors["k"] = [KRule];
        }
    }
}
