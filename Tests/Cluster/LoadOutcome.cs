using System.Net;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>One request of a <see cref="LoadGenerator"/>: start and end in seconds since the load started; null status when no answer came.</summary>
public sealed record LoadOutcome(double Started, double Ended, HttpStatusCode? Status);
