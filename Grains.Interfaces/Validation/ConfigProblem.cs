namespace Orleans.Rec.Validation;

/// <summary>One problem with a model config: where it is (a JSON path such as <c>signature.inputs[0].role</c>, empty for the whole document) and what is wrong.</summary>
/// <param name="Path">The JSON path of the value at fault, in the config's camelCase names.</param>
/// <param name="Message">What is wrong, naming the field and its value.</param>
public sealed record ConfigProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
