using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>One side (teacher or compressed model) of a compression report, as operators see it.</summary>
public sealed record CompressionSideResponse(
    string OnnxSha256,
    int Items,
    int Dimensions,
    double Sparsity,
    long OnnxBytes,
    long StoredBytes,
    double PredictionsPerSecond,
    double HitRate10,
    double Ndcg10)
{
    public static CompressionSideResponse From(CompressedModelFigures figures) => new(
        figures.OnnxSha256,
        figures.Items,
        figures.Dimensions,
        figures.Sparsity,
        figures.OnnxBytes,
        figures.StoredBytes,
        figures.PredictionsPerSecond,
        figures.HitRate10,
        figures.Ndcg10);
}
