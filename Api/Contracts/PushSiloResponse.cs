namespace Orleans.Rec.Api.Contracts;

/// <summary>Push mode on one silo (see <see cref="PushStatusResponse"/>).</summary>
public sealed record PushSiloResponse(string Silo, string[] Models, long Published, long Debounced, long Failed, int Pending);
