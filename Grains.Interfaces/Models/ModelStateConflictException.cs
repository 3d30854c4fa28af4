namespace Orleans.Rec.Models;

/// <summary>The operation does not fit the version's lifecycle state (e.g. activating a failed version).</summary>
[GenerateSerializer, Alias("rec.ModelStateConflictException")]
public sealed class ModelStateConflictException : Exception
{
    /// <summary>Creates the exception with a message naming the conflict.</summary>
    public ModelStateConflictException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelStateConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (serialization).</summary>
    public ModelStateConflictException()
    {
    }
}
