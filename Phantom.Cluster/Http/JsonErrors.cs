using Microsoft.AspNetCore.Http;

namespace Phantom.Cluster.Http;

/// <summary>The API's JSON error bodies: <c>{"error": "..."}</c>, and for rejected records <c>{"success":false,"errors":[...]}</c>.</summary>
public static class JsonErrors
{
    public static IResult Error(int status, string message) =>
        Results.Json(new Dictionary<string, object?> { ["error"] = message }, statusCode: status);

    public static IResult Rejected(IReadOnlyList<FieldError> errors) =>
        Results.Json(
            new Dictionary<string, object?>
            {
                ["success"] = false,
                ["errors"] = errors.Select(e => e.Index is { } i
                    ? new Dictionary<string, object?> { ["index"] = i, ["field"] = e.Field, ["reason"] = e.Reason }
                    : new Dictionary<string, object?> { ["field"] = e.Field, ["reason"] = e.Reason }).ToArray(),
            },
            statusCode: StatusCodes.Status422UnprocessableEntity);
}
