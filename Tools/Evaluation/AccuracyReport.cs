using System.Globalization;
using System.Text;

namespace Orleans.Rec.Tools.Evaluation;

/// <summary>Renders an <see cref="EvaluationResult"/> as the Markdown of <c>docs/accuracy.md</c>.</summary>
public static class AccuracyReport
{
    public static string ToMarkdown(
        EvaluationResult result,
        string command,
        string source,
        string modelDescription,
        TimeSpan elapsed,
        DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine("# Offline accuracy");
        text.AppendLine();
        text.AppendLine(culture, $"Measured {date:yyyy-MM-dd} on a {Environment.ProcessorCount}-core Linux box, .NET {Environment.Version}; the whole command took {elapsed.TotalSeconds:F1} s.");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(command);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(culture, $"Data: {source}: {result.Events:N0} events, {result.Sequences:N0} sequences, {result.Model.Cases:N0} test cases, {result.TrainingItems:N0} items in the training part.");
        text.AppendLine();
        text.AppendLine("| method | HR@10 | NDCG@10 | MRR@20 |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var row in new[] { result.Model, result.ItemKnn, result.ItemKnnWithoutSelf, result.Popularity })
        {
            text.AppendLine(culture, $"| {row.Method} | {row.HitRate10:F4} | {row.Ndcg10:F4} | {row.Mrr20:F4} |");
        }

        text.AppendLine();
        text.AppendLine(culture, $"Model vs item-KNN: HR@10 {Ratio(result.Model.HitRate10, result.ItemKnn.HitRate10)}, NDCG@10 {Ratio(result.Model.Ndcg10, result.ItemKnn.Ndcg10)}.");
        text.AppendLine();
        text.AppendLine(culture, $"Model: {modelDescription}.");
        text.AppendLine();
        text.AppendLine(
            culture,
            $"Split: leave-last-out. Each user's (here: session's) events in time order, with consecutive repeats of the same item collapsed, form a sequence; every sequence of at least two items gives one test case whose last item is the target and whose preceding items (the last {result.HistoryLength}) are the history. Everything else, histories included, is training data, and the model, popularity and item-KNN are all built from it alone.");
        text.AppendLine();
        text.AppendLine(
            culture,
            $"Ranking rules, the same for every method: every training item is a candidate (full ranking, no sampled negatives), items already in the history included (the served model does not filter them); a target never seen in training is a miss; equal scores rank the more popular item first. The model is scored through ONNX Runtime (CPU EP) on the exported `model.onnx`, in batches of 256 histories. Item-KNN sums over the history the cosine-normalised co-occurrence c(i,j)/sqrt(n(i)·n(j)), c counting the contexts (chunks of at most {result.Window} positions of a sequence) that hold both items; its first row counts an item's similarity to itself (1), which the model's table also encodes and which ranks repeat visits; the second row leaves it out. Popularity ranks by training frequency.");
        return text.ToString();
    }

    private static string Ratio(double value, double baseline) =>
        baseline > 0 ? (value / baseline).ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a";
}
