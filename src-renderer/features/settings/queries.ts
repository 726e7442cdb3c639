import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { profileKeys } from '../../shared/queryKeys';

export function useProfiles() {
  return useQuery({ queryKey: profileKeys.all, queryFn: () => call('profiles:list', {}) });
}

export function useActiveProfile() {
  const q = useProfiles();
  const active = q.data?.profiles.find((p) => p.id === q.data?.activeId) ?? null;
  return { ...q, active };
}
