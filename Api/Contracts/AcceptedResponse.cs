namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>POST /v1/events</c>: how many events were accepted for processing.</summary>
public sealed record AcceptedResponse(int Accepted);
