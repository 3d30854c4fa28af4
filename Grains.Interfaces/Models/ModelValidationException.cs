namespace Orleans.Rec.Models;

/// <summary>An uploaded model or config was refused; the message says what does not match.</summary>
[GenerateSerializer, Alias("rec.ModelValidationException")]
public sealed class ModelValidationException : Exception
{
    /// <summary>Creates the exception with the reason for refusal.</summary>
    public ModelValidationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the reason for refusal and its cause.</summary>
    public ModelValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (serialization).</summary>
    public ModelValidationException()
    {
    }
}
