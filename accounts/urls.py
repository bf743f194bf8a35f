from django.urls import path

from accounts import views, views_session

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="auth-register"),
    path("token/", views.TokenView.as_view(), name="auth-token"),
    path("token/refresh/", views.TokenRefreshView.as_view(), name="auth-token-refresh"),
    path("logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("logout-all/", views.LogoutAllView.as_view(), name="auth-logout-all"),
    path("password/", views.PasswordChangeView.as_view(), name="auth-password"),
    path("delete-account/", views.AccountDeleteView.as_view(), name="auth-delete-account"),
    path("me/", views.MeView.as_view(), name="auth-me"),
    # The browser app's session: the refresh token in a cookie (accounts/views_session.py).
    path("session/", views_session.SessionView.as_view(), name="auth-session"),
    path("session/csrf/", views_session.SessionCsrfView.as_view(), name="auth-session-csrf"),
    path(
        "session/refresh/",
        views_session.SessionRefreshView.as_view(),
        name="auth-session-refresh",
    ),
    path("session/logout/", views_session.SessionLogoutView.as_view(), name="auth-session-logout"),
]
