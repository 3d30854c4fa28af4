using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>
/// What <c>rec compress</c> measured for a version, as operators see it, with the ratios that matter: how much
/// smaller at rest (teacher ÷ compressed), how much faster, and how much of the teacher's HR@10 it keeps.
/// </summary>
public sealed record CompressionReportResponse(
    string Method,
    string Source,
    CompressionSideResponse Teacher,
    CompressionSideResponse Student,
    double Agreement,
    int AgreementK,
    int HeldOutCases,
    int ThroughputBatch,
    ArtifactCompression Compression,
    ArtifactQuantization Quantization,
    double? TimesSmallerAtRest,
    double? SpeedUp,
    double? HitRate10Kept,
    DateTimeOffset CreatedAt,
    string Machine)
{
    public static CompressionReportResponse? From(CompressionReport? report) => report is null
        ? null
        : new(
            report.Method,
            report.Source,
            CompressionSideResponse.From(report.Teacher),
            CompressionSideResponse.From(report.Student),
            report.Agreement,
            report.AgreementK,
            report.HeldOutCases,
            report.ThroughputBatch,
            report.Compression,
            report.Quantization,
            Ratio(report.Teacher.StoredBytes, report.Student.StoredBytes),
            Ratio(report.Student.PredictionsPerSecond, report.Teacher.PredictionsPerSecond),
            Ratio(report.Student.HitRate10, report.Teacher.HitRate10),
            report.CreatedAt,
            report.Machine);

    private static double? Ratio(double value, double baseline) => baseline > 0 ? Math.Round(value / baseline, 4) : null;
}
