using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Evaluation;

/// <summary>
/// Scores the leave-last-out test cases with an exported ONNX model (through ONNX Runtime) and with two baselines
/// computed on the same training part: popularity (training frequency) and item-KNN: the cosine co-occurrence of
/// <see cref="CooccurrenceMatrix"/> summed over the history, with an item's similarity to itself (1) and, as a second
/// row, without it.
/// Rules shared by every method: the history is the last <c>historyLength</c> items; every known item is a candidate,
/// including items already in the history (the served model does not filter them either); a target the method does not
/// know is a miss; equal scores rank the more popular training item first.
/// </summary>
public sealed class OfflineEvaluator(int historyLength, int window)
{
    /// <summary>The deepest rank any metric reads (MRR@20).</summary>
    public const int Cutoff = 20;

    private const int BatchSize = 256;

    /// <summary>Ranks the test cases' targets with the ONNX model and both baselines.</summary>
    public EvaluationResult Evaluate(
        SequenceDataset data,
        LeaveLastOutSplit split,
        byte[] onnxModel,
        ModelConfig config,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(config);
        var tests = split.Tests;
        var modelRanks = RankWithModel(data, tests, onnxModel, config, p => progress?.Report(p * 0.7), cancellationToken: cancellationToken);

        // The baselines index the training items as the trainer does: most frequent first.
        var vocabulary = ItemVocabulary.FromSequences(split.Training, data.ItemIds.Count);

        // Popularity scores fall with the index, so the rank is the index itself (1-based).
        var popularityRanks = tests.Select(t => vocabulary.IndexOf(t.Target) is var m and >= 0 ? m + 1 : (int?)null).ToArray();
        progress?.Report(0.75);

        var contexts = ItemContexts.Split(split.Training.Select(vocabulary.Remap), window);
        var matrix = CooccurrenceMatrix.Build(contexts, vocabulary.Count, cancellationToken);
        var knnRanks = new int?[tests.Count];
        var knnNoSelfRanks = new int?[tests.Count];
        var done = 0;
        Parallel.For(
            0,
            tests.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => (WithSelf: new float[vocabulary.Count], WithoutSelf: new float[vocabulary.Count]),
            (t, _, scores) =>
            {
                var test = tests[t];
                var target = vocabulary.IndexOf(test.Target);
                if (target >= 0)
                {
                    Array.Clear(scores.WithoutSelf);
                    foreach (var raw in test.History.AsSpan(Math.Max(0, test.History.Length - historyLength)))
                    {
                        var h = vocabulary.IndexOf(raw);
                        for (var k = matrix.RowStart[h]; k < matrix.RowStart[h + 1]; k++)
                        {
                            scores.WithoutSelf[matrix.Columns[k]] += matrix.Values[k];
                        }
                    }

                    knnNoSelfRanks[t] = RankingMetrics.RankOf(scores.WithoutSelf, target);
                    scores.WithoutSelf.CopyTo(scores.WithSelf, 0);
                    foreach (var raw in test.History.AsSpan(Math.Max(0, test.History.Length - historyLength)))
                    {
                        scores.WithSelf[vocabulary.IndexOf(raw)] += 1;
                    }

                    knnRanks[t] = RankingMetrics.RankOf(scores.WithSelf, target);
                }

                if (Interlocked.Increment(ref done) % 1000 == 0)
                {
                    progress?.Report(0.75 + 0.25 * done / tests.Count);
                }

                return scores;
            },
            _ => { });
        progress?.Report(1);

        return new EvaluationResult(
            MetricSummary.FromRanks("model (ONNX)", modelRanks),
            MetricSummary.FromRanks("popularity", popularityRanks),
            MetricSummary.FromRanks("item-KNN", knnRanks),
            MetricSummary.FromRanks("item-KNN without self-similarity", knnNoSelfRanks),
            data.Sequences.Count,
            vocabulary.Count,
            data.Events,
            historyLength,
            window);
    }

    /// <summary>
    /// The 1-based rank of each test case's target under the ONNX model (null: a miss beyond <see cref="Cutoff"/> or an
    /// item the model does not know), by the rules above.
    /// </summary>
    public int?[] RankWithModel(
        SequenceDataset data,
        IReadOnlyList<TestCase> tests,
        byte[] onnxModel,
        ModelConfig config,
        Action<double>? progress = null,
        ArtifactQuantization quantization = ArtifactQuantization.None,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(config);
        var modelIndex = new Dictionary<string, long>(config.ItemIds.Length, StringComparer.Ordinal);
        for (var i = 0; i < config.ItemIds.Length; i++)
        {
            modelIndex[config.ItemIds[i]] = i + 1;
        }

        long ToModel(int raw) => modelIndex.GetValueOrDefault(data.ItemIds[raw]);

        var length = Math.Min(historyLength, config.HistoryLength);
        var ranks = new int?[tests.Count];
        using var recommender = new OnnxRecommender(onnxModel, quantization);
        var k = Math.Min(Cutoff, config.ItemIds.Length);
        for (var start = 0; start < tests.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(BatchSize, tests.Count - start);
            var batch = new long[count][];
            for (var row = 0; row < count; row++)
            {
                var history = tests[start + row].History;
                batch[row] = [.. history.AsSpan(Math.Max(0, history.Length - length)).ToArray().Select(ToModel).Where(m => m > 0)];
            }

            var results = recommender.Recommend(batch, k);
            for (var row = 0; row < count; row++)
            {
                var target = ToModel(tests[start + row].Target);
                if (target == 0)
                {
                    continue;
                }

                // The same tie rule as the baselines: equal scores rank the lower (more popular) index first.
                var (items, scores) = results[row];
                var ranked = items.Zip(scores).OrderByDescending(p => p.Second).ThenBy(p => p.First).Select(p => p.First).ToList();
                var position = ranked.IndexOf(target);
                ranks[start + row] = position >= 0 ? position + 1 : null;
            }

            progress?.Invoke((double)(start + count) / tests.Count);
        }

        return ranks;
    }
}
