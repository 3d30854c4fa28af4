namespace Orleans.Rec.Inference;

/// <summary>The caller's deadline passed before the request reached inference; it was dropped, not scored.</summary>
[GenerateSerializer, Alias("rec.InferenceDeadlineExceededException")]
public sealed class InferenceDeadlineExceededException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public InferenceDeadlineExceededException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InferenceDeadlineExceededException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (serialization).</summary>
    public InferenceDeadlineExceededException()
    {
    }
}
