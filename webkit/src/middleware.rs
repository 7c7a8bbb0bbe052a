//! The one [`tower::Service`] behind this crate's layers: something done
//! before a request reaches the route, and after its response comes back.

use axum::http::{Request, Response};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The boxed future of the middlewares here.
pub type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// What a middleware does around one request.
pub trait Around: Clone {
    /// What it keeps from the request for later (no body, nothing secret).
    type Seen: Send + 'static;

    /// Look at the request before it goes on.
    fn before<B>(&self, req: &Request<B>) -> Self::Seen;

    /// Act on the response.
    fn after<B>(seen: Self::Seen, res: &mut Response<B>);
}

/// A route wrapped in the middleware `A` (see [`Around`]).
#[derive(Debug, Clone)]
pub struct Wrapped<S, A> {
    pub(crate) inner: S,
    pub(crate) around: A,
}

impl<S, A, ReqBody, ResBody> tower::Service<Request<ReqBody>> for Wrapped<S, A>
where
    S: tower::Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    A: Around,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        let seen = self.around.before(&req);
        let future = self.inner.call(req);
        Box::pin(async move {
            let mut res = future.await?;
            A::after(seen, &mut res);
            Ok(res)
        })
    }
}
