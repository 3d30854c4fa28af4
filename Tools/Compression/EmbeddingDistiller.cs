using System.Globalization;
using Orleans.Rec.Tools.Onnx;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Compression;

/// <summary>
/// Knowledge distillation of an item table into a smaller one: the student has the teacher's items and graph (mean of
/// the history's embeddings, dot product with every item) with fewer dimensions, and learns to reproduce the teacher's
/// ranking on real histories.
/// <para>
/// Loss, per history h: a listwise softmax cross-entropy over candidates C(h) = the teacher's top
/// <c>TopK + HardNegatives</c> items plus <c>RandomNegatives</c> uniformly drawn others; the target puts weight
/// 1/log2(r + 1) (normalised) on the teacher's item at rank r ≤ TopK and nothing on the rest, so the student learns to
/// put the teacher's top items first, in its order, above the items the teacher ranks just below and above the catalog.
/// The teacher's rankings come from its exported ONNX model, once, before training.
/// </para>
/// <para>
/// Optimisation: Adagrad on the rows a step touches, steps of <c>BatchSize</c> histories. Each step's histories are cut
/// into a fixed number of chunks whose gradients are computed in parallel (one buffer per chunk) and summed in chunk
/// order, and every random draw is seeded by (seed, epoch, history): the same seed gives the same student, bit for bit,
/// on any number of threads.
/// </para>
/// </summary>
public sealed class EmbeddingDistiller(DistillationOptions options)
{
    private const int Chunks = 8;
    private const int TeacherBatch = 256;
    private const double Epsilon = 1e-8;

    public DistillationOptions Options { get; } = options;

    /// <summary>A one-line description of the method and its parameters.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"distillation to {Options.Dimensions} dims (listwise softmax on the teacher's top {Options.TopK} against {Options.HardNegatives} next-ranked and {Options.RandomNegatives} random items, Adagrad lr {Options.LearningRate}, {Options.Epochs} epochs, batch {Options.BatchSize}, seed {Options.Seed})");

    /// <summary>
    /// A student of <paramref name="dims"/> dimensions before any training: Gaussian rows of norm about 1 (padding row
    /// zero), seeded. The distiller starts from it; it is also the untrained baseline the tests compare against.
    /// </summary>
    public static TrainedModel InitialStudent(TrainedModel teacher, int dims, int seed)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentOutOfRangeException.ThrowIfLessThan(dims, 1);
        var table = new float[teacher.Rows * dims];
        var random = new SplitMix(seed, 0, 0);
        var scale = 1 / Math.Sqrt(dims);
        for (var i = dims; i < table.Length; i++)
        {
            table[i] = (float)(random.NextGaussian() * scale);
        }

        return new TrainedModel(teacher.ItemIds, table, dims, $"random initial student ({dims} dims, seed {seed})");
    }

    /// <summary>
    /// Distils <paramref name="teacher"/> on <paramref name="histories"/> (teacher model indices, oldest first, each
    /// non-empty and no longer than the exported model reads).
    /// </summary>
    public DistillationResult Distill(
        TrainedModel teacher,
        IReadOnlyList<long[]> histories,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Epochs, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.TopK, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BatchSize, 1);
        var examples = Sample(histories.Where(h => h.Length > 0).ToArray());
        if (examples.Length == 0)
        {
            throw new InvalidDataException("no history to distil on: the event log shares no items with the model");
        }

        var rankings = RankWithTeacher(teacher, examples, progress, cancellationToken);
        var dims = Options.Dimensions;
        var rows = teacher.Rows;
        var student = InitialStudent(teacher, dims, Options.Seed).Table;
        var squares = new float[student.Length];
        var workspaces = new Workspace[Chunks];
        for (var c = 0; c < Chunks; c++)
        {
            workspaces[c] = new Workspace(rows, dims);
        }

        var total = new float[student.Length];
        var totalStamp = new int[rows];
        var totalRows = new List<int>();
        var stamp = 0;
        var order = Enumerable.Range(0, examples.Length).ToArray();
        var shuffle = new Random(Options.Seed);
        var losses = new List<double>(Options.Epochs);
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Options.Threads > 0 ? Options.Threads : Environment.ProcessorCount,
        };
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            double epochLoss = 0;
            for (var start = 0; start < order.Length; start += Options.BatchSize)
            {
                var count = Math.Min(Options.BatchSize, order.Length - start);
                var perChunk = (count + Chunks - 1) / Chunks;
                var currentEpoch = epoch;
                var batchStart = start;
                Parallel.For(0, Chunks, parallel, c =>
                {
                    var workspace = workspaces[c];
                    workspace.Loss = 0;
                    var from = batchStart + (c * perChunk);
                    var to = Math.Min(batchStart + count, from + perChunk);
                    for (var e = from; e < to; e++)
                    {
                        var example = order[e];
                        Accumulate(workspace, student, examples[example], rankings[example], new SplitMix(Options.Seed, currentEpoch + 1, example));
                    }
                });

                // Summed in chunk order: the same floats in the same order whatever the threads did.
                stamp++;
                foreach (var workspace in workspaces)
                {
                    epochLoss += workspace.Loss;
                    foreach (var row in workspace.TouchedRows)
                    {
                        if (totalStamp[row] != stamp)
                        {
                            totalStamp[row] = stamp;
                            totalRows.Add(row);
                        }

                        var source = workspace.Gradient.AsSpan(row * dims, dims);
                        var target = total.AsSpan(row * dims, dims);
                        for (var d = 0; d < dims; d++)
                        {
                            target[d] += source[d];
                        }

                        source.Clear();
                    }

                    workspace.TouchedRows.Clear();
                }

                var rate = (float)Options.LearningRate;
                foreach (var row in totalRows)
                {
                    for (var k = row * dims; k < (row + 1) * dims; k++)
                    {
                        var g = total[k];
                        squares[k] += g * g;
                        student[k] -= rate * g / (MathF.Sqrt(squares[k]) + (float)Epsilon);
                        total[k] = 0;
                    }
                }

                totalRows.Clear();
                progress?.Report(new($"epoch {epoch + 1}/{Options.Epochs}", (epoch + ((double)(start + count) / order.Length)) / Options.Epochs));
            }

            losses.Add(epochLoss / examples.Length);
        }

        // The padding row stays zero: it is never a candidate, and a padded position is masked out of the mean.
        Array.Clear(student, 0, dims);
        return new DistillationResult(
            new TrainedModel(teacher.ItemIds, student, dims, Describe()),
            examples.Length,
            losses);
    }

    private long[][] Sample(long[][] histories)
    {
        if (Options.MaxHistories <= 0 || histories.Length <= Options.MaxHistories)
        {
            return histories;
        }

        var random = new Random(Options.Seed);
        var picked = Enumerable.Range(0, histories.Length).ToArray();
        random.Shuffle(picked);
        return [.. picked.Take(Options.MaxHistories).Order().Select(i => histories[i])];
    }

    private long[][] RankWithTeacher(TrainedModel teacher, long[][] examples, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var k = Math.Min(Options.TopK + Math.Max(0, Options.HardNegatives), teacher.ItemIds.Length);
        var onnx = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(teacher.Table, teacher.Rows, teacher.Dimensions));
        using var recommender = new OnnxRecommender(onnx);
        var rankings = new long[examples.Length][];
        for (var start = 0; start < examples.Length; start += TeacherBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = examples.AsSpan(start, Math.Min(TeacherBatch, examples.Length - start)).ToArray();
            var results = recommender.Recommend(batch, k);
            for (var i = 0; i < batch.Length; i++)
            {
                rankings[start + i] = results[i].Items;
            }

            progress?.Report(new("teacher rankings", (double)(start + batch.Length) / examples.Length));
        }

        return rankings;
    }

    private void Accumulate(Workspace w, float[] student, long[] history, long[] ranking, SplitMix random)
    {
        var dims = Options.Dimensions;
        var rows = w.Marks.Length;
        w.Mark++;

        // The user vector: the mean of the history's rows, as the exported graph computes it.
        var user = w.User;
        Array.Clear(user);
        foreach (var h in history)
        {
            var row = student.AsSpan((int)h * dims, dims);
            for (var d = 0; d < dims; d++)
            {
                user[d] += row[d];
            }
        }

        var inverseLength = 1f / history.Length;
        for (var d = 0; d < dims; d++)
        {
            user[d] *= inverseLength;
        }

        // Candidates: the teacher's ranking (its top items carry the target), then random others.
        var candidates = w.Candidates;
        candidates.Clear();
        var targets = w.Targets;
        targets.Clear();
        var topK = Math.Min(Options.TopK, ranking.Length);
        double norm = 0;
        for (var r = 0; r < ranking.Length; r++)
        {
            var item = (int)ranking[r];
            if (item <= 0 || w.Marks[item] == w.Mark)
            {
                continue;
            }

            w.Marks[item] = w.Mark;
            candidates.Add(item);
            var weight = r < topK ? 1 / Math.Log2(r + 2) : 0;
            targets.Add(weight);
            norm += weight;
        }

        var free = rows - 1 - candidates.Count;
        var wanted = Math.Min(Options.RandomNegatives, free);
        for (var drawn = 0; drawn < wanted;)
        {
            var item = 1 + (int)random.NextBelow((ulong)(rows - 1));
            if (w.Marks[item] == w.Mark)
            {
                continue;
            }

            w.Marks[item] = w.Mark;
            candidates.Add(item);
            targets.Add(0);
            drawn++;
        }

        // Softmax over the candidates' scores.
        var scores = w.Scores;
        scores.Clear();
        var max = double.NegativeInfinity;
        foreach (var item in candidates)
        {
            var row = student.AsSpan(item * dims, dims);
            double score = 0;
            for (var d = 0; d < dims; d++)
            {
                score += user[d] * row[d];
            }

            scores.Add(score);
            max = Math.Max(max, score);
        }

        double sum = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            sum += Math.Exp(scores[i] - max);
        }

        var logSum = max + Math.Log(sum);
        var userGradient = w.UserGradient;
        Array.Clear(userGradient);
        for (var i = 0; i < candidates.Count; i++)
        {
            var p = norm > 0 ? targets[i] / norm : 0;
            var logQ = scores[i] - logSum;
            if (p > 0)
            {
                w.Loss -= p * logQ;
            }

            // d loss / d score = q - p.
            var g = (float)(Math.Exp(logQ) - p);
            var item = candidates[i];
            var row = student.AsSpan(item * dims, dims);
            var gradient = w.Touch(item, dims);
            for (var d = 0; d < dims; d++)
            {
                gradient[d] += g * user[d];
                userGradient[d] += g * row[d];
            }
        }

        foreach (var h in history)
        {
            var gradient = w.Touch((int)h, dims);
            for (var d = 0; d < dims; d++)
            {
                gradient[d] += userGradient[d] * inverseLength;
            }
        }
    }

    /// <summary>One chunk's buffers: its gradient (dense, with the rows it touched listed) and scratch space.</summary>
    private sealed class Workspace(int rows, int dims)
    {
        private readonly int[] _touchedStamp = new int[rows];
        private int _touchEpoch = 1;

        public float[] Gradient { get; } = new float[rows * dims];

        public List<int> TouchedRows { get; } = [];

        public int[] Marks { get; } = new int[rows];

        public int Mark { get; set; }

        public float[] User { get; } = new float[dims];

        public float[] UserGradient { get; } = new float[dims];

        public List<int> Candidates { get; } = [];

        public List<double> Targets { get; } = [];

        public List<double> Scores { get; } = [];

        public double Loss { get; set; }

        public Span<float> Touch(int row, int dims)
        {
            if (TouchedRows.Count == 0)
            {
                _touchEpoch++;
            }

            if (_touchedStamp[row] != _touchEpoch)
            {
                _touchedStamp[row] = _touchEpoch;
                TouchedRows.Add(row);
            }

            return Gradient.AsSpan(row * dims, dims);
        }
    }
}
