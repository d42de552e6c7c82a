import type { Child } from 'hono/jsx';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';

/** requestId: the id in this request's log line, for a complaint to be traced ("编号 R-…"). */
export function ErrorPage(props: { ctx: PageContext; status: number; message: string; requestId?: string; children?: Child }) {
  return (
    <Layout ctx={props.ctx} title={props.ctx.t('error.title')}>
      <h1>
        {props.ctx.t('error.title')} <span class="muted">{props.status}</span>
      </h1>
      <p role="alert">{props.message}</p>
      {props.children}
      {props.requestId ? <p class="request-id muted">{props.ctx.t('error.requestId', { id: props.requestId })}</p> : null}
      <p>
        <a href="/">{props.ctx.t('nav.home')}</a>
      </p>
    </Layout>
  );
}

