using Microsoft.AspNetCore.Http;

namespace Phantom.Cluster.Admin;

/// <summary>The admin API's error body (docs/ADMIN-API.md): <c>{"error": reason, "node": the answering node}</c>.</summary>
public static class AdminClusterErrors
{
    public static IResult Error(int status, string reason, string node) =>
        Results.Json(new Dictionary<string, object?> { ["error"] = reason, ["node"] = node }, statusCode: status);
}
