namespace Orleans.Rec.Tools.Training;

/// <summary>
/// Cuts sequences into co-occurrence contexts: consecutive chunks of at most <c>window</c> positions, each reduced to
/// its distinct items (ascending). Two items co-occur when they share a context; a short session is one context.
/// </summary>
public static class ItemContexts
{
    public static IEnumerable<int[]> Split(IEnumerable<int[]> sequences, int window)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        return SplitIterator(sequences, window);
    }

    private static IEnumerable<int[]> SplitIterator(IEnumerable<int[]> sequences, int window)
    {
        foreach (var sequence in sequences)
        {
            for (var start = 0; start < sequence.Length; start += window)
            {
                var context = sequence.AsSpan(start, Math.Min(window, sequence.Length - start)).ToArray();
                Array.Sort(context);
                var distinct = 0;
                for (var i = 0; i < context.Length; i++)
                {
                    if (i == 0 || context[i] != context[i - 1])
                    {
                        context[distinct++] = context[i];
                    }
                }

                yield return context[..distinct];
            }
        }
    }
}
