using Microsoft.Extensions.Options;

namespace Orleans.Rec.Storage;

/// <summary>Fails start-up with every problem of <see cref="LogGrainStorageOptions"/>.</summary>
public sealed class LogGrainStorageOptionsValidator : IValidateOptions<LogGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, LogGrainStorageOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
