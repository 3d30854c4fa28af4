namespace Orleans.Rec.Api.Contracts;

/// <summary>
/// Push mode over the cluster (<c>GET /v1/push</c>): summed over the active silos since each started; latency
/// percentiles from the silos' merged bucket counts (the bucket's upper bound), trigger event to acknowledged publish.
/// </summary>
public sealed record PushStatusResponse(
    int Silos,
    string[] Models,
    long Published,
    long Debounced,
    long Failed,
    int Pending,
    int MaxPending,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    PushSiloResponse[] PerSilo);
