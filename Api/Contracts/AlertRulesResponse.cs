namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/alerts/rules</c>: built-in rules not deleted, then the model's own.</summary>
public sealed record AlertRulesResponse(string Model, IReadOnlyList<AlertRuleResponse> Rules);
