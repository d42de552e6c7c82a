import type { Child } from 'hono/jsx';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';

export function ErrorPage(props: { ctx: PageContext; status: number; message: string; children?: Child }) {
  return (
    <Layout ctx={props.ctx} title={props.ctx.t('error.title')}>
      <h1>
        {props.ctx.t('error.title')} <span class="muted">{props.status}</span>
      </h1>
      <p role="alert">{props.message}</p>
      {props.children}
      <p>
        <a href="/">{props.ctx.t('nav.home')}</a>
      </p>
    </Layout>
  );
}

