using Microsoft.Extensions.Options;

namespace Orleans.Rec.Profiles;

/// <summary>Checks <c>Rec:Popularity</c> and names every problem at once.</summary>
public sealed class PopularityOptionsValidator : IValidateOptions<PopularityOptions>
{
    public ValidateOptionsResult Validate(string? name, PopularityOptions options)
    {
        var problems = new List<string>();
        if (options.FlushInterval <= TimeSpan.Zero)
        {
            problems.Add($"Rec:Popularity:FlushInterval must be positive, not {options.FlushInterval}.");
        }

        if (options.CachedTop <= 0)
        {
            problems.Add($"Rec:Popularity:CachedTop must be positive, not {options.CachedTop}.");
        }

        if (options.TrackedItems < options.CachedTop)
        {
            problems.Add($"Rec:Popularity:TrackedItems ({options.TrackedItems}) must be at least CachedTop ({options.CachedTop}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
