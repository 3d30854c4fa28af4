namespace Orleans.Rec.Bench.Serving;

/// <summary>One system under load: what the load generator saw, the batch it formed and the CPU its processes used.</summary>
/// <param name="Load">Throughput, latency percentiles and errors of the measured window.</param>
/// <param name="MeanBatch">Requests per ONNX Runtime run (1 for the baseline, which never batches).</param>
/// <param name="CpuPercent">The server processes' CPU time over wall time during warm-up and measurement (100% = one core).</param>
/// <param name="Windows">The measured windows, in the order they ran (for the latency-over-time chart).</param>
public sealed record ServingResult(LoadGenerator.Result Load, double MeanBatch, double CpuPercent, IReadOnlyList<LoadGenerator.Window> Windows);
