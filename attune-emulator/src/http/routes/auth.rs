//! `/auth/*` (unversioned): login, register, refresh, me, change-password, settings, logout.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::{field, required, S};
use crate::auth::crypto::{hash_password, verify_password};
use crate::auth::jwt::{TokenError, TokenType};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Auth, FlatAuth, JsonBody, Obj};
use crate::http::response::ok;
use crate::state::{check_len, identities, now, AppState};

/// Auth routes (mounted at `/auth`).
pub fn router() -> Router<S> {
    Router::new()
        .route("/login", post(login))
        .route("/register", post(register))
        .route("/refresh", post(refresh))
        .route("/me", get(me).put(update_me))
        .route("/change-password", post(change_password))
        .route("/settings", get(settings))
        .route("/logout", get(logout))
}

fn tokens(st: &AppState, id: i64, login: &str, user: Option<Value>) -> ApiResult<Value> {
    let access_ttl = st.config.access_token_ttl.as_secs() as i64;
    let refresh_ttl = st.config.refresh_token_ttl.as_secs() as i64;
    let access = st
        .jwt
        .issue(id, login, TokenType::Access, access_ttl, None)
        .map_err(ApiError::internal)?;
    let refresh = st
        .jwt
        .issue(id, login, TokenType::Refresh, refresh_ttl, None)
        .map_err(ApiError::internal)?;
    let mut v = json!({
        "access_token": access, "refresh_token": refresh, "token_type": "Bearer",
        "expires_in": access_ttl,
    });
    if let Some(u) = user {
        v["user"] = u;
    }
    Ok(v)
}

async fn login(State(st): State<S>, JsonBody(body): JsonBody<Obj>) -> ApiResult<Response> {
    let login: String = required(&body, "login")?;
    let password: String = required(&body, "password")?;
    check_len("login", &login, 1, 255)?;
    check_len("password", &password, 1, usize::MAX)?;
    let (id, login, display) = {
        let store = st.store.lock();
        let ident = identities::find_by_login(&store, &login)
            .filter(|i| {
                i.password_hash
                    .as_deref()
                    .is_some_and(|h| verify_password(&password, h))
            })
            .ok_or_else(|| ApiError::unauthorized("Invalid login or password"))?;
        if ident.frozen {
            return Err(ApiError::forbidden("Identity is frozen"));
        }
        (ident.id, ident.login.clone(), ident.display_name.clone())
    };
    let user = json!({"id": id, "login": login, "display_name": display});
    Ok(ok(tokens(&st, id, &login, Some(user))?))
}

async fn register(State(st): State<S>, JsonBody(body): JsonBody<Obj>) -> ApiResult<Response> {
    let login: String = required(&body, "login")?;
    let password: String = required(&body, "password")?;
    let display: Option<String> = field(&body, "display_name")?;
    if !st.config.allow_self_registration {
        return Err(ApiError::forbidden("Self-registration is disabled"));
    }
    check_len("login", &login, 3, 255)?;
    check_len("password", &password, 8, 128)?;
    if let Some(d) = &display {
        check_len("display_name", d, 0, 255)?;
    }
    let id = {
        let mut store = st.store.lock();
        identities::create_identity(
            &mut store,
            &login,
            display.clone(),
            Some(&password),
            json!({}),
        )?
    };
    let user = json!({"id": id, "login": login, "display_name": display});
    Ok(ok(tokens(&st, id, &login, Some(user))?))
}

async fn refresh(State(st): State<S>, body: Bytes) -> ApiResult<Response> {
    let parsed: Value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON body: {e}")))?
    };
    let token = parsed
        .get("refresh_token")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::unauthorized("Invalid or expired refresh token"))?;
    let claims = st.jwt.verify(token).map_err(|e| match e {
        TokenError::Expired | TokenError::Invalid => {
            ApiError::unauthorized("Invalid or expired refresh token")
        }
    })?;
    if claims.token_type != TokenType::Refresh {
        return Err(ApiError::unauthorized("Invalid token type"));
    }
    let id: i64 = claims
        .sub
        .parse()
        .map_err(|_| ApiError::unauthorized("Invalid or expired refresh token"))?;
    let login = {
        let store = st.store.lock();
        let i = store
            .identities
            .get(id)
            .ok_or_else(|| ApiError::unauthorized("Identity not found"))?;
        if i.frozen {
            return Err(ApiError::forbidden("Identity is frozen"));
        }
        i.login.clone()
    };
    Ok(ok(tokens(&st, id, &login, None)?))
}

fn current_user(st: &AppState, p: &Principal) -> ApiResult<Value> {
    let store = st.store.lock();
    let i = store
        .identities
        .get(p.identity_id)
        .ok_or_else(|| ApiError::not_found("Identity not found"))?;
    Ok(json!({
        "id": i.id, "login": i.login, "display_name": i.display_name,
        "auth_provider": "local", "is_local": true, "can_change_password": i.password_hash.is_some(),
        "effective_permissions": p.effective_permissions(),
        "assigned_permission_set_refs": p.permission_set_refs,
    }))
}

async fn me(State(st): State<S>, FlatAuth(p): FlatAuth) -> ApiResult<Response> {
    Ok(ok(current_user(&st, &p)?))
}

async fn update_me(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    if p.token_type != TokenType::Access {
        return Err(ApiError::forbidden(
            "Only access tokens may update the current user",
        ));
    }
    let display: Option<String> = field(&body, "display_name")?;
    if let Some(d) = &display {
        check_len("display_name", d, 0, 255)?;
    }
    {
        let mut store = st.store.lock();
        let i = store
            .identities
            .get_mut(p.identity_id)
            .ok_or_else(|| ApiError::not_found("Identity not found"))?;
        if body.contains_key("display_name") {
            i.display_name = display.filter(|d| !d.trim().is_empty());
            i.updated = now();
        }
    }
    Ok(ok(current_user(&st, &p)?))
}

async fn change_password(
    State(st): State<S>,
    Auth(p): Auth,
    JsonBody(body): JsonBody<Obj>,
) -> ApiResult<Response> {
    let current: String = required(&body, "current_password")?;
    let new: String = required(&body, "new_password")?;
    check_len("current_password", &current, 1, usize::MAX)?;
    check_len("new_password", &new, 8, 128)?;
    if p.token_type != TokenType::Access {
        return Err(ApiError::forbidden(
            "Only access tokens may change passwords",
        ));
    }
    let mut store = st.store.lock();
    let i = store
        .identities
        .get_mut(p.identity_id)
        .ok_or_else(|| ApiError::not_found("Identity not found"))?;
    if !i
        .password_hash
        .as_deref()
        .is_some_and(|h| verify_password(&current, h))
    {
        return Err(ApiError::unauthorized("Current password is incorrect"));
    }
    i.password_hash = Some(hash_password(&new));
    i.updated = now();
    Ok(ok(
        json!({"success": true, "message": "Password changed successfully"}),
    ))
}

async fn settings(State(st): State<S>) -> Response {
    ok(json!({
        "authentication_enabled": true, "local_password_enabled": true,
        "local_password_visible_by_default": true, "oidc_enabled": false,
        "oidc_visible_by_default": false, "ldap_enabled": false, "ldap_visible_by_default": false,
        "oidc_provider_name": null, "oidc_provider_label": null, "oidc_provider_icon_url": null,
        "ldap_provider_name": null, "ldap_provider_label": null, "ldap_provider_icon_url": null,
        "self_registration_enabled": st.config.allow_self_registration,
    }))
}

async fn logout() -> Response {
    (
        http::StatusCode::TEMPORARY_REDIRECT,
        [(http::header::LOCATION, "/login")],
    )
        .into_response()
}
