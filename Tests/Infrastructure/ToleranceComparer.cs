namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>Float equality within an absolute tolerance (scores computed by ONNX Runtime in a different order).</summary>
public sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(float obj) => 0;
}
