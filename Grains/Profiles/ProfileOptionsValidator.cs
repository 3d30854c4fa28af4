using Microsoft.Extensions.Options;

namespace Orleans.Rec.Profiles;

/// <summary>Checks <c>Rec:Profiles</c> and names every problem at once.</summary>
public sealed class ProfileOptionsValidator : IValidateOptions<ProfileOptions>
{
    public ValidateOptionsResult Validate(string? name, ProfileOptions options)
    {
        var problems = new List<string>();
        Positive(nameof(options.RecentCapacity), options.RecentCapacity, problems);
        Positive(nameof(options.DedupeCapacity), options.DedupeCapacity, problems);
        Positive(nameof(options.PurchaseCapacity), options.PurchaseCapacity, problems);
        Positive(nameof(options.ServedCapacity), options.ServedCapacity, problems);
        Positive(nameof(options.OpenWindowCapacity), options.OpenWindowCapacity, problems);
        Positive(nameof(options.CartCapacity), options.CartCapacity, problems);
        Positive(nameof(options.CategoryCapacity), options.CategoryCapacity, problems);
        Positive(nameof(options.TopCategoryCount), options.TopCategoryCount, problems);
        if (options.WriteBehind < TimeSpan.Zero)
        {
            problems.Add($"Rec:Profiles:WriteBehind must not be negative, not {options.WriteBehind}.");
        }

        if (options.ServedWriteBehind < TimeSpan.Zero)
        {
            problems.Add($"Rec:Profiles:ServedWriteBehind must not be negative, not {options.ServedWriteBehind}.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(string key, int value, List<string> problems)
    {
        if (value <= 0)
        {
            problems.Add($"Rec:Profiles:{key} must be positive, not {value}.");
        }
    }
}
