using System.Globalization;
using System.Text;

namespace Orleans.Rec.Tools.Evaluation;

/// <summary>Renders an <see cref="EvaluationResult"/> as the Markdown of <c>docs/accuracy.md</c>.</summary>
public static class AccuracyReport
{
    public static string ToMarkdown(EvaluationResult result, string command, string source, string modelDescription, TimeSpan elapsed, DateTimeOffset date)
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
        text.AppendLine(culture, $"Data: `{source}`: {result.Events:N0} events, {result.Sequences:N0} sequences, {result.Model.Cases:N0} test cases, {result.TrainingItems:N0} items in the training part.");
        text.AppendLine();
        text.AppendLine("| method | HR@10 | NDCG@10 | MRR@20 |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var row in new[] { result.Model, result.ItemKnn, result.Popularity })
        {
            text.AppendLine(culture, $"| {row.Method} | {row.HitRate10:F4} | {row.Ndcg10:F4} | {row.Mrr20:F4} |");
        }

        text.AppendLine();
        text.AppendLine(culture, $"Model vs item-KNN: HR@10 {Ratio(result.Model.HitRate10, result.ItemKnn.HitRate10)}, NDCG@10 {Ratio(result.Model.Ndcg10, result.ItemKnn.Ndcg10)}.");
        text.AppendLine();
        text.AppendLine(culture, $"Model: {modelDescription}.");
        text.AppendLine();
        text.AppendLine(
            "Split: leave-last-out. Each user's (here: session's) events in time order, with consecutive repeats of the " +
            "same item collapsed, form a sequence; every sequence of at least two items gives one test case whose last " +
            "item is the target and whose preceding items (the last 50) are the history. Everything else, including " +
            "the histories, is training data, and the model, popularity and item-KNN are all built from it alone. " +
            "Every method ranks all training items (full ranking, no sampled negatives), items already in the history " +
            "included; a target never seen in training is a miss; equal scores rank the more popular item first. " +
            "The model is scored through ONNX Runtime (CPU) on the exported `model.onnx`, in batches of 256 histories. " +
            "Item-KNN sums, over the history, the cosine-normalised number of sessions in which two items occur within " +
            "50 positions of each other; popularity ranks by training frequency.");
        return text.ToString();
    }

    private static string Ratio(double value, double baseline) =>
        baseline > 0 ? (value / baseline).ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a";
}
