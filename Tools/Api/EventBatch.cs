namespace Orleans.Rec.Tools.Api;

/// <summary>The body of <c>POST /v1/events</c>.</summary>
public sealed record EventBatch(IReadOnlyList<EventDto> Events);
