using Microsoft.Extensions.Options;

namespace Orleans.Rec.Streaming;

/// <summary>Fails start-up with every problem of <c>Rec:Kafka</c> at once, each naming its key.</summary>
public sealed class KafkaSettingsValidator : IValidateOptions<KafkaSettings>
{
    public ValidateOptionsResult Validate(string? name, KafkaSettings options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
