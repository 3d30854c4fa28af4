namespace Orleans.Rec.Inference;

/// <summary>The version's request queue is full: the request was shed at once. Retry after <see cref="RetryAfter"/>.</summary>
[GenerateSerializer, Alias("rec.InferenceOverloadedException")]
public sealed class InferenceOverloadedException : Exception
{
    /// <summary>Creates the exception with a message and the suggested wait.</summary>
    public InferenceOverloadedException(string message, TimeSpan retryAfter) : base(message) => RetryAfter = retryAfter;

    /// <summary>Creates the exception with a message.</summary>
    public InferenceOverloadedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InferenceOverloadedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (serialization).</summary>
    public InferenceOverloadedException()
    {
    }

    /// <summary>How long the caller should wait before retrying.</summary>
    [Id(0)] public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}
