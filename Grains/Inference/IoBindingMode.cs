namespace Orleans.Rec.Inference;

/// <summary>When a loaded version runs its batches through ONNX Runtime I/O binding (<c>Rec:Inference:IoBinding</c>).</summary>
public enum IoBindingMode
{
    /// <summary>On the GPU path (inputs and outputs in pinned host memory the device copies from and to directly); off on the CPU.</summary>
    Auto,

    /// <summary>Always, on either device (on the CPU the bound buffers are plain native memory).</summary>
    Always,

    /// <summary>Never: ONNX Runtime stages inputs and outputs itself on every run.</summary>
    Never,
}
