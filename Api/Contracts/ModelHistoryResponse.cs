using System.Globalization;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/history?minutes=N</c>: per version with traffic, one sample per interval.</summary>
/// <param name="Model">The model.</param>
/// <param name="IntervalSeconds">The sampling interval (<c>Rec:Monitoring:SampleInterval</c>).</param>
/// <param name="Versions">Per version, ascending.</param>
public sealed record ModelHistoryResponse(string Model, double IntervalSeconds, IReadOnlyList<VersionHistoryResponse> Versions)
{
    public static ModelHistoryResponse From(ModelHistory history) => new(
        history.Model,
        history.IntervalSeconds,
        history.Versions.Select(v => new VersionHistoryResponse(v.Version.ToString(CultureInfo.InvariantCulture), v.Samples.Select(HistorySampleResponse.From).ToArray())).ToArray());
}
