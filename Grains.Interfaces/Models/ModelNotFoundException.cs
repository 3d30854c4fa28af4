namespace Orleans.Rec.Models;

/// <summary>The model or version asked for does not exist.</summary>
[GenerateSerializer, Alias("rec.ModelNotFoundException")]
public sealed class ModelNotFoundException : Exception
{
    /// <summary>Creates the exception with a message naming what is missing.</summary>
    public ModelNotFoundException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (serialization).</summary>
    public ModelNotFoundException()
    {
    }
}
