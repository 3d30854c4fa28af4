using System.Runtime.CompilerServices;

namespace Orleans.Rec.Inference;

/// <summary>
/// Turns the model's ranking back into catalog items: ranks full score rows (models without a top-k output), sizes a
/// request so that excluded items can be dropped without coming up short, and maps model indices to catalog ids.
/// Pure: no ONNX Runtime. Any <see cref="ModelInput"/> of the version will do: its catalog never changes.
/// </summary>
internal sealed class ModelOutputDecoder(ModelInput catalog)
{
    /// <summary>Orders candidates worst first: a lower score, or the same score at a higher index.</summary>
    private static readonly Comparer<(float Score, long Index)> WorstFirst = Comparer<(float Score, long Index)>.Create(
        static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Index.CompareTo(a.Index));

    /// <summary>
    /// The top <paramref name="want"/> of a full score row (a score per model index), best first. Column 0 is padding
    /// and NaN scores are skipped; equal scores rank by index, the lower first. Fewer when the row has fewer items.
    /// </summary>
    public static RankedRow TopOf(ReadOnlySpan<float> scores, int want)
    {
        var size = Math.Min(want, scores.Length - 1);
        if (size <= 0)
        {
            return new RankedRow([], []);
        }

        var heap = new PriorityQueue<long, (float Score, long Index)>(size + 1, WorstFirst);
        for (var i = 1; i < scores.Length; i++)
        {
            var score = scores[i];
            if (float.IsNaN(score))
            {
                continue;
            }

            if (heap.Count < size)
            {
                heap.Enqueue(i, (score, i));
            }
            else if (heap.TryPeek(out _, out var worst) && WorstFirst.Compare((score, i), worst) > 0)
            {
                heap.DequeueEnqueue(i, (score, i));
            }
        }

        var indices = new long[heap.Count];
        var values = new float[heap.Count];
        for (var i = heap.Count - 1; i >= 0; i--)
        {
            heap.TryDequeue(out var index, out var priority);
            indices[i] = index;
            values[i] = priority.Score;
        }

        return new RankedRow(indices, values);
    }

    /// <summary>
    /// How many ranked items to ask the model for, so that <paramref name="k"/> remain once the excluded items it
    /// knows are dropped: <c>k</c> plus those, at most the catalog.
    /// </summary>
    public int Want(int k, IReadOnlySet<string>? exclude) =>
        (int)Math.Clamp((long)k + catalog.CountKnown(exclude), 0, catalog.ItemCount);

    /// <summary>
    /// The catalog items of a ranking, best first: padding, indices past the catalog and excluded items are skipped,
    /// at most <paramref name="k"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ScoredItem[] Decode(RankedRow row, int k, IReadOnlySet<string>? exclude)
    {
        var size = Math.Min(k, row.Indices.Length);
        if (size <= 0)
        {
            return [];
        }

        var items = new ScoredItem[size];
        var count = 0;
        for (var i = 0; i < row.Indices.Length && count < size; i++)
        {
            var index = row.Indices[i];
            if (!catalog.IsItemIndex(index))
            {
                continue;
            }

            var itemId = catalog.ItemId(index);
            if (exclude is null || !exclude.Contains(itemId))
            {
                items[count++] = new ScoredItem(itemId, row.Scores[i]);
            }
        }

        if (count < size)
        {
            Array.Resize(ref items, count);
        }

        return items;
    }
}
