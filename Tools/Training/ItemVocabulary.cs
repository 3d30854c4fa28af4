namespace Orleans.Rec.Tools.Training;

/// <summary>
/// The items that occur in a set of sequences, most frequent first (ties: lower raw index first). Model index i + 1
/// is <c>Items[i]</c>; the order makes equal scores rank the more popular item first wherever ties go to lower indices.
/// </summary>
public sealed class ItemVocabulary
{
    private readonly int[] _index;

    private ItemVocabulary(int[] items, int[] index, long[] frequency)
    {
        Items = items;
        _index = index;
        Frequency = frequency;
    }

    /// <summary>Raw item indices in vocabulary order.</summary>
    public IReadOnlyList<int> Items { get; }

    /// <summary>Occurrences of each raw item in the sequences.</summary>
    public IReadOnlyList<long> Frequency { get; }

    public int Count => Items.Count;

    public static ItemVocabulary FromSequences(IEnumerable<int[]> sequences, int rawItemCount)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var frequency = new long[rawItemCount];
        foreach (var sequence in sequences)
        {
            foreach (var item in sequence)
            {
                frequency[item]++;
            }
        }

        var items = Enumerable.Range(0, rawItemCount)
            .Where(i => frequency[i] > 0)
            .OrderByDescending(i => frequency[i])
            .ThenBy(i => i)
            .ToArray();
        var index = new int[rawItemCount];
        Array.Fill(index, -1);
        for (var m = 0; m < items.Length; m++)
        {
            index[items[m]] = m;
        }

        return new ItemVocabulary(items, index, frequency);
    }

    /// <summary>The 0-based vocabulary position of a raw item, or -1 when it never occurs.</summary>
    public int IndexOf(int rawItem) => _index[rawItem];

    /// <summary>Maps a sequence of raw items (all of which occur) to vocabulary positions.</summary>
    public int[] Remap(int[] sequence) => Array.ConvertAll(sequence, i => _index[i]);
}
