namespace Orleans.Rec;

/// <summary>The configuration key that selects the <see cref="RecProfile"/>.</summary>
public static class RecProfiles
{
    /// <summary>The configuration key.</summary>
    public const string Key = "Rec:Profile";

    /// <summary>Parses a <c>Rec:Profile</c> value (case-insensitive); null or empty means <see cref="RecProfile.Local"/>.</summary>
    public static RecProfile Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? RecProfile.Local
        : Enum.TryParse<RecProfile>(value, ignoreCase: true, out var profile) && Enum.IsDefined(profile) ? profile
        : throw new InvalidOperationException($"{Key} is '{value}'; expected Local or Cluster.");
}
