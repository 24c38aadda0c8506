import type { HTMLAttributes, ReactNode } from 'react';

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  title?: ReactNode;
  description?: ReactNode;
  /** Heading level of the title; pages use h1 themselves, so cards default to h2. */
  level?: 2 | 3;
  as?: 'section' | 'div' | 'article';
}

export function Card({ title, description, level = 2, as = 'section', className, children, ...rest }: CardProps) {
  const Tag = as;
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <Tag className={`card ${className ?? ''}`} {...rest}>
      {title && <H className="card-title">{title}</H>}
      {description && <p className="card-description">{description}</p>}
      {children}
    </Tag>
  );
}
