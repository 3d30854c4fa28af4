using System.Globalization;

namespace Orleans.Rec.Tools.Training;

/// <summary>
/// Item embeddings whose dot products approximate the cosine co-occurrence similarity (the item-KNN matrix).
/// <para>
/// With B the context × item incidence matrix (<see cref="ItemContexts"/>) and D = diag(n(i)), the matrix
/// <c>D^-½ Bᵀ B D^-½</c> is exactly <c>S + I</c>: the cosine co-occurrence of <see cref="CooccurrenceMatrix"/> with self
/// similarity 1. It has one dimension per context, so it is compressed by a random projection R (one random unit vector
/// r_c per context): <c>E = D^-½ Bᵀ R</c>, i.e. <c>E[i] = Σ_{c ∋ i} r_c / sqrt(n(i))</c>. Then <c>E Eᵀ = S + I</c> in
/// expectation, with noise ~ 1/sqrt(dims) on each entry, and the served score <c>mean(E[h]) · E[j]</c> ranks items as
/// item-KNN summed over the history does. Contexts with a single item carry no co-occurrence and are skipped (they only
/// count in n(i)).
/// </para>
/// One pass, one thread, one seeded generator: the same seed and data give the same table, bit for bit.
/// </summary>
public sealed class CooccurrenceEmbeddingTrainer(TrainingOptions options)
{
    public TrainingOptions Options { get; } = options;

    /// <summary>A one-line description of the algorithm and its parameters.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"random projection of the cosine co-occurrence matrix (E = D^-1/2 B^T R, so E E^T ~ item-KNN cosine + I): dims {Options.Dimensions}, context window {Options.Window}, seed {Options.Seed}");

    /// <summary>
    /// Trains on <paramref name="sequences"/> (entries index <paramref name="itemIds"/>). Items that never occur are left
    /// out; the model orders its items by frequency, most frequent first (ties: first seen first).
    /// </summary>
    public TrainedModel Train(
        IReadOnlyList<int[]> sequences,
        IReadOnlyList<string> itemIds,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(itemIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Dimensions, 1);
        progress?.Report(new("vocabulary", 0));
        var vocabulary = ItemVocabulary.FromSequences(sequences, itemIds.Count);
        var contexts = ItemContexts.Split(sequences.Select(vocabulary.Remap), Options.Window).ToArray();
        var n = vocabulary.Count;
        var dims = Options.Dimensions;

        progress?.Report(new("context counts", 0));
        var counts = new int[n];
        foreach (var context in contexts)
        {
            foreach (var item in context)
            {
                counts[item]++;
            }
        }

        var embedding = new double[n * dims];
        var random = new Random(Options.Seed);

        // Contexts are drawn in groups of dims mutually orthogonal vectors: within a group the projection is exact.
        var group = new double[dims][];
        var inGroup = 0;
        for (var c = 0; c < contexts.Length; c++)
        {
            var context = contexts[c];
            if (c % 10_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new("projection", (double)c / contexts.Length));
            }

            if (context.Length < 2)
            {
                continue;
            }

            var vector = group[inGroup] ??= new double[dims];
            DrawOrthogonalUnitVector(random, vector, group.AsSpan(0, inGroup));
            inGroup = (inGroup + 1) % dims;
            foreach (var item in context)
            {
                var scale = 1 / Math.Sqrt(counts[item]);
                var row = embedding.AsSpan(item * dims, dims);
                for (var r = 0; r < dims; r++)
                {
                    row[r] += vector[r] * scale;
                }
            }
        }

        var table = new float[(n + 1) * dims];
        for (var k = 0; k < embedding.Length; k++)
        {
            table[dims + k] = (float)embedding[k];
        }

        progress?.Report(new("projection", 1));
        return new TrainedModel([.. vocabulary.Items.Select(i => itemIds[i])], table, dims, Describe());
    }

    // A Gaussian vector (a uniformly random direction), made orthogonal to the earlier vectors of its group, then normalised.
    private static void DrawOrthogonalUnitVector(Random random, double[] vector, ReadOnlySpan<double[]> earlier)
    {
        while (true)
        {
            for (var r = 0; r < vector.Length; r++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                vector[r] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }

            foreach (var basis in earlier)
            {
                var dot = Dot(vector, basis);
                for (var r = 0; r < vector.Length; r++)
                {
                    vector[r] -= dot * basis[r];
                }
            }

            var norm = Math.Sqrt(Dot(vector, vector));
            if (norm > 1e-6)
            {
                for (var r = 0; r < vector.Length; r++)
                {
                    vector[r] /= norm;
                }

                return;
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var r = 0; r < a.Length; r++)
        {
            sum += a[r] * b[r];
        }

        return sum;
    }
}
