namespace Orleans.Rec.Tools.Compression;

/// <summary>
/// Magnitude pruning of an item table: the smallest-magnitude weights (padding row excluded) are set to exactly zero
/// until the target share of weights is zero. The graph is unchanged; the zeros shrink the artifact at rest because the
/// artifact pipeline compresses it (gzip or zstd) before encrypting.
/// </summary>
public static class MagnitudePruner
{
    /// <summary>
    /// Returns a copy of <paramref name="table"/> (row-major, <paramref name="dims"/> columns, row 0 padding) in which
    /// <c>floor(sparsity × weights)</c> of the non-padding weights are zero: those of least magnitude, ties broken by
    /// position (earlier first), weights already zero counting first.
    /// </summary>
    public static float[] Prune(float[] table, int dims, double sparsity)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(dims, 1);
        if (!(sparsity is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "The sparsity must be at least 0 and below 1.");
        }

        var pruned = (float[])table.Clone();
        var weights = table.Length - dims;
        var zeroes = (int)Math.Floor(sparsity * weights);
        if (zeroes == 0)
        {
            return pruned;
        }

        var order = new int[weights];
        var magnitudes = new float[weights];
        for (var i = 0; i < weights; i++)
        {
            order[i] = dims + i;
            magnitudes[i] = Math.Abs(table[dims + i]);
        }

        // A stable order: by magnitude, then by position.
        Array.Sort(magnitudes, order, Comparer<float>.Create((a, b) => a.CompareTo(b)));
        for (var start = 0; start < weights;)
        {
            var end = start + 1;
            while (end < weights && magnitudes[end] == magnitudes[start])
            {
                end++;
            }

            Array.Sort(order, start, end - start);
            start = end;
        }

        for (var i = 0; i < zeroes; i++)
        {
            pruned[order[i]] = 0f;
        }

        return pruned;
    }

    /// <summary>The share of non-padding weights that are exactly zero.</summary>
    public static double Sparsity(float[] table, int dims)
    {
        ArgumentNullException.ThrowIfNull(table);
        var weights = table.Length - dims;
        if (weights <= 0)
        {
            return 0;
        }

        var zero = 0;
        for (var i = dims; i < table.Length; i++)
        {
            if (table[i] == 0f)
            {
                zero++;
            }
        }

        return (double)zero / weights;
    }
}
