namespace Orleans.Rec.Tools.Api;

/// <summary>The gateway's answer to <c>POST /v1/events</c>: <c>{"accepted":n}</c>.</summary>
public sealed record EventsAccepted(int Accepted);
