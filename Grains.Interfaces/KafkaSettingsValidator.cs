using Microsoft.Extensions.Options;

namespace Orleans.Rec;

/// <summary>Fails start-up with every problem of <c>Rec:Kafka</c> at once, each naming its key.</summary>
/// <remarks>Registered by every host that reads the section (silo and API alike), once per container.</remarks>
public sealed class KafkaSettingsValidator : IValidateOptions<KafkaSettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KafkaSettings options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
