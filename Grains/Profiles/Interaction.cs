using Orleans.Rec.Events;

namespace Orleans.Rec.Profiles;

/// <summary>One interaction in a profile's history.</summary>
public sealed record Interaction(string ItemId, UserEventType Type, DateTimeOffset At);
