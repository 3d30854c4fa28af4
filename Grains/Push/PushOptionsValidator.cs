using Microsoft.Extensions.Options;

namespace Orleans.Rec.Push;

/// <summary>Fails start-up with every problem of <c>Rec:Push</c> at once, each naming its key.</summary>
public sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Problems(PushOptions options)
    {
        var problems = new List<string>();
        if (options.MaxPendingUsers < 1)
        {
            problems.Add($"{PushOptions.SectionName}:MaxPendingUsers must be at least 1.");
        }

        if (options.PublishTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{PushOptions.SectionName}:PublishTimeout must be positive.");
        }

        if (options.RetryDelay <= TimeSpan.Zero)
        {
            problems.Add($"{PushOptions.SectionName}:RetryDelay must be positive.");
        }

        if (options.ModelRefreshInterval <= TimeSpan.Zero)
        {
            problems.Add($"{PushOptions.SectionName}:ModelRefreshInterval must be positive.");
        }

        return problems;
    }
}
