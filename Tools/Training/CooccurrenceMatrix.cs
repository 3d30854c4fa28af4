namespace Orleans.Rec.Tools.Training;

/// <summary>
/// Cosine-normalised item co-occurrence: <c>S[i,j] = c(i,j) / sqrt(n(i) n(j))</c> for i ≠ j, where c(i,j) is the number of
/// contexts (<see cref="ItemContexts"/>) holding both items and n(i) the number holding i. The diagonal, an item's
/// cosine with itself, is 1 and is not stored. Symmetric, sparse (CSR, columns ascending in each row).
/// </summary>
public sealed class CooccurrenceMatrix
{
    private CooccurrenceMatrix(int size, int[] rowStart, int[] columns, float[] values, int[] contextCounts)
    {
        Size = size;
        RowStart = rowStart;
        Columns = columns;
        Values = values;
        ContextCounts = contextCounts;
    }

    /// <summary>Items (rows and columns).</summary>
    public int Size { get; }

    /// <summary>CSR row offsets, length <see cref="Size"/> + 1.</summary>
    public int[] RowStart { get; }

    /// <summary>CSR column indices, ascending within each row.</summary>
    public int[] Columns { get; }

    /// <summary>CSR values (off-diagonal only).</summary>
    public float[] Values { get; }

    /// <summary>n(i): the number of contexts that hold item i.</summary>
    public int[] ContextCounts { get; }

    /// <summary>Off-diagonal non-zero entries.</summary>
    public int NonZeros => Columns.Length;

    /// <summary>Counts co-occurrences in <paramref name="contexts"/> (distinct item indices below <paramref name="size"/>).</summary>
    public static CooccurrenceMatrix Build(IEnumerable<int[]> contexts, int size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var counts = new int[size];
        var pairs = new Dictionary<long, int>();
        foreach (var context in contexts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var a = 0; a < context.Length; a++)
            {
                counts[context[a]]++;
                for (var b = a + 1; b < context.Length; b++)
                {
                    var key = ((long)context[a] << 32) | (uint)context[b];
                    pairs[key] = pairs.GetValueOrDefault(key) + 1;
                }
            }
        }

        var rowStart = new int[size + 1];
        foreach (var key in pairs.Keys)
        {
            rowStart[(int)(key >> 32) + 1]++;
            rowStart[(int)(key & 0xFFFFFFFF) + 1]++;
        }

        for (var i = 0; i < size; i++)
        {
            rowStart[i + 1] += rowStart[i];
        }

        var columns = new int[rowStart[size]];
        var values = new float[rowStart[size]];
        var fill = (int[])rowStart.Clone();
        foreach (var (key, count) in pairs)
        {
            var i = (int)(key >> 32);
            var j = (int)(key & 0xFFFFFFFF);
            var value = (float)(count / Math.Sqrt((double)counts[i] * counts[j]));
            columns[fill[i]] = j;
            values[fill[i]++] = value;
            columns[fill[j]] = i;
            values[fill[j]++] = value;
        }

        // Dictionary order is an implementation detail: sort each row so every later float sum runs in a fixed order.
        for (var i = 0; i < size; i++)
        {
            Array.Sort(columns, values, rowStart[i], rowStart[i + 1] - rowStart[i]);
        }

        return new CooccurrenceMatrix(size, rowStart, columns, values, counts);
    }

    /// <summary>S[i, j], 1 on the diagonal.</summary>
    public float this[int i, int j]
    {
        get
        {
            if (i == j)
            {
                return 1;
            }

            var found = Array.BinarySearch(Columns, RowStart[i], RowStart[i + 1] - RowStart[i], j);
            return found >= 0 ? Values[found] : 0;
        }
    }
}
