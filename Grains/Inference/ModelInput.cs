using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>
/// A model version's catalog (external item id ↔ model index; index 0 is padding, item <c>i</c> of
/// <see cref="ModelConfig.ItemIds"/> is index <c>i + 1</c>) and the input it reads: at most
/// <see cref="HistoryLength"/> of the most recent known items. Pure: no ONNX Runtime. The item ids are fixed for a
/// version, the history length follows the serving config, so a reconfigured version swaps in
/// <see cref="WithHistoryLength"/>, which shares the catalog.
/// </summary>
public sealed class ModelInput
{
    /// <summary>Histories up to this long are mapped on the stack.</summary>
    private const int StackLimit = 256;

    private readonly CatalogIndex _indexOf;
    private readonly string[] _itemIds;

    /// <summary>The catalog and history length of <paramref name="config"/>.</summary>
    public ModelInput(ModelConfig config)
        : this(config.ItemIds, config.HistoryLength)
    {
    }

    /// <param name="itemIds">The catalog in model order: item <c>i</c> is model index <c>i + 1</c>.</param>
    /// <param name="historyLength">The most history items the model reads.</param>
    public ModelInput(string[] itemIds, int historyLength)
        : this(new CatalogIndex(itemIds), itemIds, historyLength)
    {
    }

    private ModelInput(CatalogIndex indexOf, string[] itemIds, int historyLength)
    {
        _indexOf = indexOf;
        _itemIds = itemIds;
        HistoryLength = Math.Max(0, historyLength);
    }

    /// <summary>The most history items a request passes to the model.</summary>
    public int HistoryLength { get; }

    /// <summary>Items in the catalog; model indices run from 1 to this.</summary>
    public int ItemCount => _itemIds.Length;

    /// <summary>The same catalog read with another history length (a serving config change).</summary>
    public ModelInput WithHistoryLength(int historyLength) =>
        historyLength == HistoryLength ? this : new ModelInput(_indexOf, _itemIds, historyLength);

    /// <summary>True when the model knows <paramref name="itemId"/>.</summary>
    public bool Contains(string itemId) => _indexOf.TryGetIndex(itemId, out _);

    /// <summary>The model index of <paramref name="itemId"/>; false when the model does not know it.</summary>
    public bool TryGetIndex(string itemId, out long index) => _indexOf.TryGetIndex(itemId, out index);

    /// <summary>True when <paramref name="index"/> is one of the model's items (not padding, not past the catalog).</summary>
    public bool IsItemIndex(long index) => index >= 1 && index <= _itemIds.Length;

    /// <summary>The catalog id of item <paramref name="index"/> (1..<see cref="ItemCount"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is padding or past the catalog (see <see cref="IsItemIndex"/>).</exception>
    public string ItemId(long index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _itemIds.Length);
        return _itemIds[index - 1];
    }

    /// <summary>
    /// The model input for a history of catalog ids (oldest first): the most recent items the model knows, as model
    /// indices, oldest first, at most <see cref="HistoryLength"/>; unknown items are skipped. Empty when none is known.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // Only the indices written are read.
    public long[] Build(IReadOnlyList<string> history)
    {
        var capacity = Math.Min(HistoryLength, history.Count);
        if (capacity == 0)
        {
            return [];
        }

        Span<long> newestFirst = capacity <= StackLimit ? stackalloc long[capacity] : new long[capacity];
        var count = history switch
        {
            string[] array => _indexOf.FindRecent(array, newestFirst),
            List<string> list => _indexOf.FindRecent(CollectionsMarshal.AsSpan(list), newestFirst),
            _ => FindRecentCopied(history, newestFirst),
        };

        if (count == 0)
        {
            return [];
        }

        var known = new long[count];
        for (var i = 0; i < count; i++)
        {
            known[i] = newestFirst[count - 1 - i];
        }

        return known;
    }

    /// <summary>Other list types: the history is copied to a pooled array first.</summary>
    private int FindRecentCopied(IReadOnlyList<string> history, Span<long> newestFirst)
    {
        var copy = ArrayPool<string>.Shared.Rent(history.Count);
        try
        {
            for (var i = 0; i < history.Count; i++)
            {
                copy[i] = history[i];
            }

            return _indexOf.FindRecent(copy.AsSpan(0, history.Count), newestFirst);
        }
        finally
        {
            ArrayPool<string>.Shared.Return(copy, clearArray: true);
        }
    }

    /// <summary>How many of <paramref name="itemIds"/> the model knows.</summary>
    public int CountKnown(IEnumerable<string>? itemIds)
    {
        var known = 0;
        if (itemIds is null)
        {
            return known;
        }

        foreach (var itemId in itemIds)
        {
            if (_indexOf.TryGetIndex(itemId, out _))
            {
                known++;
            }
        }

        return known;
    }
}
