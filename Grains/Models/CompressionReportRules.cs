using System.Globalization;

namespace Orleans.Rec.Models;

/// <summary>What a <see cref="CompressionReport"/> attached to an upload must satisfy: it describes this artifact, with sane figures.</summary>
public static class CompressionReportRules
{
    /// <summary>Every problem with <paramref name="report"/> for the uploaded artifact; empty when it is valid.</summary>
    public static List<string> Check(CompressionReport report, string artifactSha256, int itemCount)
    {
        ArgumentNullException.ThrowIfNull(report);
        var problems = new List<string>();
        if (report.Teacher is null || report.Student is null)
        {
            problems.Add("the compression report needs both 'teacher' and 'student' figures");
            return problems;
        }

        if (!string.Equals(report.Student.OnnxSha256, artifactSha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"the compression report describes another model (student SHA-256 '{report.Student.OnnxSha256}'), not the uploaded artifact ({artifactSha256})");
        }

        if (report.Student.Items != itemCount)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the compression report's student has {report.Student.Items} items but the config lists {itemCount}"));
        }

        if (!(report.Agreement is >= 0 and <= 1))
        {
            problems.Add("the compression report's agreement must be between 0 and 1");
        }

        if (report.AgreementK < 0 || report.HeldOutCases < 0 || report.ThroughputBatch < 0)
        {
            problems.Add("the compression report's counts must not be negative");
        }

        foreach (var (side, figures) in new[] { ("teacher", report.Teacher), ("student", report.Student) })
        {
            if (figures.Items < 0 || figures.Dimensions < 0 || figures.OnnxBytes < 0 || figures.StoredBytes < 0)
            {
                problems.Add($"the compression report's {side} sizes must not be negative");
            }

            if (!(figures.Sparsity is >= 0 and <= 1) || !(figures.HitRate10 is >= 0 and <= 1) || !(figures.Ndcg10 is >= 0 and <= 1))
            {
                problems.Add($"the compression report's {side} sparsity, HR@10 and NDCG@10 must be between 0 and 1");
            }

            if (!double.IsFinite(figures.PredictionsPerSecond) || figures.PredictionsPerSecond < 0)
            {
                problems.Add($"the compression report's {side} throughput must be a finite, non-negative number");
            }
        }

        return problems;
    }
}
