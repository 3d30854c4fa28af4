namespace Orleans.Rec.Models;

/// <summary>An uploaded model or config was refused; the message says what does not match.</summary>
[GenerateSerializer, Alias("rec.ModelValidationException")]
public sealed class ModelValidationException : Exception
{
    /// <summary>Creates the exception with the reason for refusal.</summary>
    public ModelValidationException(string message) : base(message)
    {
    }

    /// <summary>
    /// Creates the exception for several problems at once: the message is <paramref name="prefix"/> and the problems
    /// joined, and <see cref="Errors"/> lists them by field, so the answer can name every one.
    /// </summary>
    public ModelValidationException(string prefix, IReadOnlyDictionary<string, string[]> errors)
        : base(prefix + ": " + string.Join("; ", errors.SelectMany(e => e.Value)))
    {
        Errors = new Dictionary<string, string[]>(errors, StringComparer.Ordinal);
    }

    /// <summary>Creates the exception with the reason for refusal and its cause.</summary>
    public ModelValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (serialization).</summary>
    public ModelValidationException()
    {
    }

    /// <summary>Every problem by field (a JSON path such as <c>config.historyLength</c>), when the refusal names several; null otherwise.</summary>
    [Id(0)]
    public Dictionary<string, string[]>? Errors { get; private set; }
}
