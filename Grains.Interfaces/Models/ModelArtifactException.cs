namespace Orleans.Rec.Models;

/// <summary>A stored artifact could not be opened; <see cref="Failure"/> says why. Never carries key material.</summary>
[GenerateSerializer, Alias("rec.ModelArtifactException")]
public sealed class ModelArtifactException : Exception
{
    /// <summary>Creates the exception with its kind and message.</summary>
    public ModelArtifactException(ArtifactFailure failure, string message) : base(message)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with its kind, message and cause.</summary>
    public ModelArtifactException(ArtifactFailure failure, string message, Exception innerException) : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with a message (integrity failure).</summary>
    public ModelArtifactException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause (integrity failure).</summary>
    public ModelArtifactException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (serialization).</summary>
    public ModelArtifactException()
    {
    }

    /// <summary>Why the artifact could not be opened.</summary>
    [Id(0)]
    public ArtifactFailure Failure { get; private set; }
}
